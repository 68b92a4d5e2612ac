from carepanel.cli import main

main()
