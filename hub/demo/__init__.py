"""The demo store: shipped samples loaded through the real pipeline, and the generators of the samples
that no public file provides."""
