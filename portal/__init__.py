"""The site's front door: the home page, which shows every app's entry points, and the default content."""
