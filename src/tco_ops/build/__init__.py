"""The pipeline: read seeds -> resolve -> reconcile -> assemble -> validate -> render -> publish."""
