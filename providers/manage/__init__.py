"""Clinic staff keep their own listings up to date at /manage/ (see access.py for who may)."""
