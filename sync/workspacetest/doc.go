// Package workspacetest provides a local, in-memory Google Sheets, Drive and
// Calendar server for tests and the demo. The official google.golang.org/api
// clients talk to it unchanged: ClientOptions sends their requests to this
// server on loopback, keeping Google's real paths (/v4/spreadsheets/...,
// /drive/v3/..., /upload/drive/v3/..., /calendar/v3/...).
//
//	s := workspacetest.NewServer()
//	defer s.Close()
//	srv, err := sheets.NewService(ctx, s.ClientOptions()...)
//
// # Common to every method
//
//   - Request bodies are checked against the discovery documents of
//     google.golang.org/api v0.310.0, embedded in discovery/: an unknown
//     field gives 400 INVALID_ARGUMENT `Invalid JSON payload received.
//     Unknown name "fooBar" at 'requests[0]': Cannot find field.`, a value
//     of the wrong JSON type or an unknown enum value gives `Invalid value
//     at 'path' (TYPE_...), value`.
//   - Query parameters are checked against the method's discovery entry
//     (enum values, integers, booleans, required ones); Sheets also rejects
//     parameters it does not define.
//   - fields partial responses (a,b/c,d(e,f), a.b, *) apply to every
//     successful JSON answer; prettyPrint (indented unless false); alt=json.
//   - Errors have Google's body {"error":{code,message,status,errors[],
//     details[]}}, which googleapi.Error parses.
//   - Calls counts calls per discovery method ID, CallsByBucket per quota
//     bucket (QuotaSheetsRead, QuotaSheetsWrite); ResetCalls zeroes them.
//   - InjectFault answers 429/500/503 (with Retry-After), delays, or drops
//     the connection, per method or for all, n times or until ClearFaults.
//   - EnforceQuota limits Sheets reads and writes per minute of the
//     server's clock (SetClock) and answers 429 rateLimitExceeded with
//     Sheets' "Quota exceeded for quota metric 'Read requests' ..." message.
//
// # Sheets v4
//
// spreadsheets.create, get (ranges, includeGridData, fields),
// batchUpdate (addSheet, deleteSheet, updateSheetProperties incl. frozen
// rows, updateSpreadsheetProperties, repeatCell, updateCells,
// setDataValidation, addProtectedRange, addConditionalFormatRule,
// createDeveloperMetadata, addChart, setBasicFilter, insertDimension,
// deleteDimension, appendDimension), all or nothing with replies in order;
// developerMetadata.get and search; values.get, batchGet, update,
// batchUpdate, append (OVERWRITE and INSERT_ROWS), clear, batchClear with
// valueRenderOption, dateTimeRenderOption, majorDimension, RAW and
// USER_ENTERED, includeValuesInResponse, A1 ranges with quoted sheet
// titles, whole sheets, whole columns and open-ended rows. Every change to
// a spreadsheet moves its Drive file's version and fires push
// notifications. Test helpers: CreateSpreadsheet, SetCells (a user's edit),
// Values, Formulas, SpreadsheetIDs.
//
// # Where the Sheets fake is knowingly simpler than Google
//
//   - Formulas: only numbers, text, TRUE/FALSE, references (also to other
//     sheets), + - * / ^ & and comparisons, and SUM COUNT COUNTA AVERAGE
//     MIN MAX IF AND OR NOT CONCATENATE LEN UPPER LOWER TRIM are computed.
//     Any other formula shows its own text as its value (FORMATTED_VALUE
//     and UNFORMATTED_VALUE); FORMULA always returns the text. Errors other
//     than #DIV/0! are not produced.
//   - USER_ENTERED understands numbers, 1,234, 50%, TRUE/FALSE, a leading
//     apostrophe, "=" formulas and the en_US dates M/D/YYYY and YYYY-MM-DD
//     (with an optional time); not currencies, other locales or times alone.
//     Number display is plain (up to 10 decimals); date patterns support
//     the common tokens only.
//   - append finds the table as the last row with data in the range's
//     columns at or below its start, not Sheets' full table detection.
//   - Protected ranges, data validation and basic filters are stored and
//     returned but not enforced; conditional formats, protected ranges,
//     charts and developer metadata do not move when rows or columns are
//     inserted or deleted; row/column developer metadata is found by search
//     but not shown in grid data.
//   - developerMetadata.search matches developerMetadataLookup filters only
//     (not a1Range or gridRange); a lookup cannot select sheet ID 0 alone.
//   - Grid data (includeGridData) carries values, formats, validation and
//     notes; no effectiveFormat, hyperlinks or text runs.
//   - batchUpdate requests not listed above answer 400 saying the fake does
//     not implement them.
//   - Unknown fields in `fields` masks are ignored rather than rejected.
//   - Error paths in messages use proto (snake_case) field names as Google
//     does, but type names in "Invalid value" messages are approximations.
//   - Quota answers carry no Retry-After (Sheets sends none either); calls
//     rejected by a fault or quota still count in Calls and CallsByBucket.
//   - The same body validation is applied to Drive and Calendar; Google's
//     older Drive/Calendar front ends may be more lenient with unknown
//     fields.
//
// # Drive and Calendar
//
// (Section owned by the Drive/Calendar engineer: coverage and the places
// where those fakes are knowingly simpler than Google.)
package workspacetest
