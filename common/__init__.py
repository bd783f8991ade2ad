"""Small request and admin helpers that every app may import.

Not a Django app, and it imports no app of ours (nor config), so using it never draws an arrow
between apps: the knowledge base stays free of the others while sharing these few lines.
"""
