"""Output formats for records: a table that fits the terminal, json, csv and markdown."""
