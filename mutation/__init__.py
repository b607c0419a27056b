"""Mutation testing of the reference server with the contract as the only test.

``tox -e mutation`` (``python -m mutation``) copies the working tree, has cosmic-ray
mutate the copies' permission, rule, view and JSON:API modules one change at a time and
runs ``harness run --fail-fast`` against each mutant; a mutant the contract does not
notice survives. See ``mutation/run.py`` for the steps.
"""
