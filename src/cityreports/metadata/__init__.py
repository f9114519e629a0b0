"""Document metadata: dates, years, titles, kinds, people and organisations."""
