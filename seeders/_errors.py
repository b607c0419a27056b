"""The two ways seeding stops short of a verdict."""


class NotChecked(Exception):
    """This seeder cannot make the check; the message says what it would need."""


class SeedingFailed(Exception):
    """The server refused to create a scenario's row through its API."""
