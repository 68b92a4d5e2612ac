from carepanel.launch import main

main()
