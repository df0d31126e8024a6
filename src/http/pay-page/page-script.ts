/**
 * The payment page's own script, served as a static file (assets.ts) so the page needs
 * no inline script and its Content-Security-Policy can say script-src 'self'.
 *
 * It reads what the server rendered into data- attributes of <main id="pay">, creates
 * braintree-web's client and Hosted Fields (the card number, expiry and CVV are typed
 * into iframes served by Braintree, so they go from the browser to Braintree and never
 * to Tender), tokenizes on submit and POSTs only the nonce to "<link>/nonce" as JSON.
 * Progress is written to main's data-state (loading, ready, setup_failed, submitting,
 * then the server's answer: completed, declined, ...), which the browser test reads.
 *
 * Hosted Fields reports a frame that never loads only after 60 s (its own timeout), so
 * the page gives up sooner (data-setup-timeout-ms) and says so plainly.
 * Written in ES2017 without modules: it runs as is in every current browser.
 */
export const PAGE_SCRIPT = `'use strict';
(function () {
  var main = document.getElementById('pay');
  var form = document.getElementById('card-form');
  var button = document.getElementById('pay-button');
  var status = document.getElementById('status');
  var setupDone = false;

  function show(state, message) {
    main.setAttribute('data-state', state);
    status.textContent = message;
  }
  function failSetup(reason) {
    if (setupDone) return;
    setupDone = true;
    main.setAttribute('data-setup-error', reason);
    show('setup_failed', 'Secure card entry could not be loaded. Please check your connection and reload this page. You have not been charged.');
  }

  var timer = setTimeout(function () { failSetup('timeout'); }, Number(main.getAttribute('data-setup-timeout-ms')) || 20000);
  var sdk = window.braintree;
  if (!sdk || !sdk.client || !sdk.hostedFields) {
    clearTimeout(timer);
    failSetup('sdk_missing');
    return;
  }

  sdk.client.create({ authorization: main.getAttribute('data-client-token') }).then(function (client) {
    main.setAttribute('data-client', 'ready');
    return sdk.hostedFields.create({
      client: client,
      fields: {
        number: { container: '#card-number', placeholder: '4111 1111 1111 1111' },
        expirationDate: { container: '#expiration-date', placeholder: 'MM/YY' },
        cvv: { container: '#cvv', placeholder: '123' }
      },
      styles: { input: { 'font-size': '16px' } }
    });
  }).then(function (fields) {
    if (setupDone) { fields.teardown(); return; }
    setupDone = true;
    clearTimeout(timer);
    form.hidden = false;
    button.disabled = false;
    show('ready', 'Enter your card details.');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      pay(fields);
    });
  }).catch(function (error) {
    clearTimeout(timer);
    failSetup(error && error.code ? String(error.code) : 'error');
  });

  function pay(fields) {
    button.disabled = true;
    show('submitting', 'Processing your payment...');
    fields.tokenize().then(function (payload) {
      return fetch(new URL(main.getAttribute('data-nonce-path'), window.location.href), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ nonce: payload.nonce }),
        credentials: 'omit',
        cache: 'no-store'
      }).then(function (response) {
        return response.json();
      }).then(function (answer) {
        show(answer.status, answer.message);
        if (answer.status === 'completed' || answer.status === 'already_paid') {
          form.hidden = true;
        } else if (answer.retry) {
          ['number', 'expirationDate', 'cvv'].forEach(function (name) { fields.clear(name); });
          button.disabled = false;
        }
      }, function () {
        show('error', 'We could not reach the payment service. Please check your connection; do not pay again until you know whether this payment went through.');
      });
    }, function () {
      show('invalid', 'Please check your card details.');
      button.disabled = false;
    });
  }
})();
`;
