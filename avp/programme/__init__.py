"""The programme: its models, statuses, checks, loading, queries and where it is found."""
