"""The web face of the store: a JSON API and server-rendered pages (``newsloom serve``)."""
