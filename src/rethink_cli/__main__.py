from rethink_cli.cli.app import main

main()
