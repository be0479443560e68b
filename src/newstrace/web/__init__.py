"""The local web app: `app.create(db)` builds it, `server.run(db, host, port)` serves it (`newstrace serve`)."""
