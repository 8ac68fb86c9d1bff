from passgenau.cli import main

main()
