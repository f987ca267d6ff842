"""Development cooperation: the Southern Africa portfolio and its IATI publication."""
