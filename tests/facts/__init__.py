"""Tests of the facts app."""
