"""Panel papers and exports: everything public goes through disclosure control first."""
