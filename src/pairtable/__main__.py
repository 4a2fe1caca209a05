from pairtable.cli import run

# The guard matters where worker processes are spawned (Windows, macOS): each re-imports
# the main module, and must not run the command again.
if __name__ == "__main__":
    run()
