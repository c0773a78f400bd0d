"""SPM Hub: integrates SPM catalogue, nomenclature, budget, achievement and education data."""
