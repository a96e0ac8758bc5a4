# shellcheck shell=bash
# The shop's rate-limit rules (Infrastructure/RateLimiting/RateLimitOptions.cs; a unit test keeps this list equal to
# its rules): one load generator is one client address, so the load-test smoke and the benches lift the limits.
# They stay on, counted in Redis, so their cost stays in the figures (ADR 15).
PAGE_RATE_LIMIT_RULES=(SignInPerIp SignInPerAccountAndIp SignInPerAccount SignInPerKnownDevice RegisterPerIp RegisterPerEmail
  ForgotPasswordPerIp ForgotPasswordPerEmail CheckoutPerCart SearchPerIp SuggestPerIp CartCreationPerIp)
API_RATE_LIMIT_RULES=(ApiPerKey ApiPerCustomer ApiPerIp)

# Exports RateLimits__<rule>__PermitLimit=$1 for the pages' rules (the API's stay at their defaults: bench/run-api.sh
# measures them), and for the API's too when $2 is "api".
lift_rate_limits() {
  local limit=$1 rule rules=("${PAGE_RATE_LIMIT_RULES[@]}")
  [[ "${2:-}" == api ]] && rules+=("${API_RATE_LIMIT_RULES[@]}")
  for rule in "${rules[@]}"; do
    export "RateLimits__${rule}__PermitLimit=$limit"
  done
}
