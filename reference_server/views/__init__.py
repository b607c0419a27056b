"""HTTP routes, one blueprint per resource the routes hang off (or create)."""
