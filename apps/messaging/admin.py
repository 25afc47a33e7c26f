"""Not in the admin on purpose: direct messages are private to their sender and recipient, and a
tenant admin has no business reading them."""
