# shellcheck shell=bash
# The pages' rate-limit rules (Infrastructure/RateLimiting/RateLimitOptions.cs without the Api* ones; a unit test keeps
# this list equal to them): one load generator is one client address, so the load-test smoke and the benches lift the
# limits. They stay on, counted in Redis, so their cost stays in the figures (ADR 15).
PAGE_RATE_LIMIT_RULES=(SignInPerIp SignInPerAccountAndIp SignInPerAccount SignInPerKnownDevice RegisterPerIp RegisterPerEmail
  ForgotPasswordPerIp ForgotPasswordPerEmail CheckoutPerCart SearchPerIp SuggestPerIp CartCreationPerIp)

# Exports RateLimits__<rule>__PermitLimit=$1 for the pages' rules; the API's stay at their defaults (bench/run-api.sh
# raises the one it needs and measures them).
lift_rate_limits() {
  local rule
  for rule in "${PAGE_RATE_LIMIT_RULES[@]}"; do
    export "RateLimits__${rule}__PermitLimit=$1"
  done
}
