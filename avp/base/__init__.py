"""What every layer shares: the strict model base, problems and findings, text helpers."""
