"""Figure functions: the library's DataFrames in, a matplotlib Figure out."""
