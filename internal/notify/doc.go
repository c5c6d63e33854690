// Package notify owns what applicants are told and how: the templates of
// each event on each channel (in-app inbox, e-mail, SMS), each person's
// choice of channels, and deliveries. It turns the outbox events that the
// dossier service writes in the same transaction as each change into one
// delivery per event, channel and address, and delivers them with
// retries and exponential backoff, safely with several instances.
//
// It imports only the standard library and the domain packages audit and
// valid; internal/pgstore implements its Store, internal/mailer and
// internal/sms its Senders.
package notify
