"""The assistant's side of the ficha intake: the policy advisor and the rules engine kept in
step with the stored fichas."""
