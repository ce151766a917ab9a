// Fills the sign-up form's hidden field with the browser's time zone, e.g. "Europe/Paris", so that
// mail sent "at 09:00 in each reader's zone" comes at the reader's 09:00. Without script the field
// stays empty and the reader has the list's zone.
document.querySelectorAll('input[name="timeZone"]').forEach(function (field) {
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch (e) {
    // an old browser: the list's zone
  }
});
