from pairtable.cli import main

main()
