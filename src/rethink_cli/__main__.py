from rethink_cli.cli import main

main()
