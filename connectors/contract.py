"""What every Pandera contract shares: cells coerced to the declared types, columns the contract does
not name dropped, and (for sources with a natural key) the reader's mark of a repeated key."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class Extracted(pa.DataFrameModel):
    """The base of every contract."""

    class Config:
        coerce = True
        strict = "filter"


class Keyed(Extracted):
    """A contract whose rows have a natural key: the reader marks a repeat with the earlier row."""

    duplicate_of: Series[pd.Int64Dtype] = pa.Field(nullable=True)  # the earlier row with the same key
