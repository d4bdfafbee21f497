"""Turn a browser into a way into vanban: the `vanban serve` web application (pages, accounts, builds)."""
