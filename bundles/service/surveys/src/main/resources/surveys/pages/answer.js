// One click from the e-mail: the score chosen there is sent as soon as the page opens. Mail scanners that fetch links
// run no script, so they record nothing; without script the customer presses the button.
const form = document.querySelector('form[data-autosubmit="true"]');
if (form && form.querySelector('input[name="score"]:checked')) {
  form.querySelector('button[type="submit"]').disabled = true;
  form.submit();
}
