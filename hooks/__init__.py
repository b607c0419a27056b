"""Dredd hooks: one ``before`` hook per transaction, seeding what it needs.

Hook files are the group modules (``authentication.py``, ``discount_codes.py``);
``_scenario.py`` holds everything they share.
"""
