"""What `make setup` loads, apart from the domain: the organisations the decision names
(`organisations`) and the demo data marked 示例 (`demo`). Both write through the services."""
