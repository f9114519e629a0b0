"""Outputs: tables, figure style and saving, plots, notebooks and the run command."""
