"""Not in the admin on purpose: notifications are per person and are made and cleared by the
services and scheduled jobs."""
