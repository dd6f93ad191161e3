from portboard.cli import main

raise SystemExit(main())
