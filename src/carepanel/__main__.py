from carepanel.cli import app

app()
