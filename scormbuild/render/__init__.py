"""Render stage: the learner pages, once, edition-neutral."""
