"""The request desk: Members' requests for assistance, the expert pool, matching and delivery."""
