// Functions the scenarios call (Artillery processor). Each virtual user gets the store's origin, its own e-mail
// addresses (tagged with the run id, so a run's orders and accounts can be found in the database afterwards) and
// a record of every order it saw confirmed (LT_ORDERS_FILE: one "number<TAB>e-mail" line per order).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');

const runId = process.env.LT_RUN_ID || 'dev';

function origin(context) {
  return new URL(process.env.LT_TARGET || context.vars.target).origin;
}

/** Origin of the store, as a browser's form POST carries it (forms are origin-checked, ADR 6). */
function browserHeaders(context, events, done) {
  context.vars.origin = origin(context);
  return done();
}

function orderEmail(context, events, done) {
  context.vars.email = `lt-${runId}-${crypto.randomUUID().slice(0, 13)}@example.com`;
  return done();
}

/** A new account per virtual user, with a password the store's rules accept. */
function accountEmail(context, events, done) {
  context.vars.email = `lt-${runId}-acct-${crypto.randomUUID().slice(0, 13)}@example.com`;
  context.vars.password = `Lt-${crypto.randomBytes(9).toString('base64url')}-7a!`;
  return done();
}

function staffAccount(context, events, done) {
  context.vars.staffEmail = process.env.LT_STAFF_EMAIL;
  context.vars.staffPassword = process.env.LT_STAFF_PASSWORD;
  if (!context.vars.staffEmail || !context.vars.staffPassword) {
    return done(new Error('LT_STAFF_EMAIL / LT_STAFF_PASSWORD not set (run through loadtest/run.sh)'));
  }
  return done();
}

/** After the confirmation page: the order counts as confirmed when the page shows its number. */
function recordConfirmedOrder(req, res, context, events, done) {
  const match = /\/checkout\/confirmation\/([^/?#]+)/.exec(context.vars.confirmationUrl || '');
  const number = match ? decodeURIComponent(match[1]) : null;
  if (!number || typeof res.body !== 'string' || !res.body.includes(number)) {
    return done(new Error(`confirmation page without the order number (${context.vars.confirmationUrl})`));
  }
  events.emit('counter', 'orders.confirmed', 1);
  if (process.env.LT_ORDERS_FILE) {
    fs.appendFileSync(process.env.LT_ORDERS_FILE, `${number}\t${context.vars.email}\n`);
  }
  return done();
}

module.exports = { browserHeaders, orderEmail, accountEmail, staffAccount, recordConfirmedOrder };
