"""Trade policy: trade agreements, market-access barriers and trade figures."""
