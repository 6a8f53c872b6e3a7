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
// setDataValidation, addProtectedRange, deleteProtectedRange,
// addConditionalFormatRule, deleteConditionalFormatRule (by sheetId and
// index; later rules move up; the reply holds the rule),
// createDeveloperMetadata, updateDeveloperMetadata (dataFilters and a
// fields mask; the reply lists the metadata updated),
// deleteDeveloperMetadata (a dataFilter; the reply lists what was
// deleted), addChart, deleteEmbeddedObject, setBasicFilter,
// insertDimension, deleteDimension, moveDimension, appendDimension), all
// or nothing with replies in order; the requests' field masks take the
// grammar Google accepts (a.b, a/b, a(b,c), *); an unknown
// protectedRangeId, chart ID, metadataId or rule index answers 400 ("No protected range with id: N",
// "No embedded object with id: N", "No developer metadata with ID: N",
// "No conditional format on sheet: S at index: I"). Inserting, deleting
// and moving rows or columns (also values.append with INSERT_ROWS) moves
// what is anchored to them as Sheets does: cells with their formats,
// validation and notes, protected ranges, conditional format ranges, the
// basic filter, the ranges charts read and their anchor cells, and row or
// column developer metadata; deleting all of a protected range's,
// a conditional format range's or a row or column metadata's cells
// deletes it, and deleting a sheet deletes its metadata.
// developerMetadata.get and search (developerMetadataLookup with
// metadataLocation and locationMatchingStrategy, a1Range, gridRange);
// values.get, batchGet, update,
// batchUpdate, append (OVERWRITE and INSERT_ROWS), clear, batchClear with
// valueRenderOption, dateTimeRenderOption, majorDimension, RAW and
// USER_ENTERED, includeValuesInResponse, A1 ranges with quoted sheet
// titles, whole sheets, whole columns and open-ended rows; a text over
// 50,000 characters in one cell is refused and the whole write with it
// (see maxCellChars). Every change to
// a spreadsheet moves its Drive file's version and fires push
// notifications. Test helpers: CreateSpreadsheet, SetCells (a user's edit),
// Values, Formulas, SpreadsheetIDs. A spreadsheet is a Drive file: its
// title is the file's name, deleting the file deletes it; the last visible
// sheet cannot be hidden. A spreadsheet created or copied through Drive
// (files.create or files.copy with the spreadsheet type) is one in Sheets
// too, and renaming the file renames it. Colours (every Color of a
// request) are kept in 1/255 steps and answered in single precision, as at
// Google: blue 0.5 reads back 0.49803922.
//
// # What the service calls
//
// Production code (sync/sheets, sync/setup, sync/drive, cmd/coalition)
// calls spreadsheets.create, get, batchUpdate (addSheet, addChart,
// addConditionalFormatRule, addProtectedRange, appendDimension,
// createDeveloperMetadata, deleteConditionalFormatRule,
// deleteEmbeddedObject, deleteProtectedRange, repeatCell,
// setDataValidation, updateCells, updateDeveloperMetadata by metadataId,
// updateSheetProperties), values.batchGet (FORMATTED_VALUE) and
// values.batchUpdate (RAW); Drive files.get, files.watch, channels.stop,
// permissions.list/create/delete. Tests of other packages also move,
// insert and delete rows and columns and type cells (SetCells) as people
// do. sync/agenda calls files.get, files.list (an appProperties query),
// and files.create and files.update with multipart HTML uploads made
// Google Docs; its tests read the Docs with DocContent and edit them as
// people with EditDoc. Calendar, other Drive file creation and sharing
// are kept for the features coming next (meeting invitations, folder
// sharing). values.get, update, append, clear and batchClear,
// developerMetadata.get and search, deleteSheet, deleteDeveloperMetadata,
// updateSpreadsheetProperties and setBasicFilter are called by no
// production code: they stay because this package's tests read state
// through them and they are small (together about 300 lines); Drive's
// changes.*, drives.*, files.list and its q language, files.copy and
// files.update are likewise unused today (about 450 lines), kept for the
// Drive features coming next and the changes feed the design plans.
//
// # Where the Sheets fake is knowingly simpler than Google
//
// Each item says whether the service depends on it today.
//
//   - Formulas: only numbers, text, TRUE/FALSE, references (also to other
//     sheets), + - * / ^ & and comparisons, and SUM COUNT COUNTA AVERAGE
//     MIN MAX IF AND OR NOT CONCATENATE LEN UPPER LOWER TRIM are computed.
//     Any other formula shows its own text as its value (FORMATTED_VALUE
//     and UNFORMATTED_VALUE); FORMULA always returns the text. Errors:
//     #DIV/0! and #REF! for circular dependencies (each formula cell is
//     computed once per read, so loops end); they pass through operators
//     and SUM-like functions as at Google. #NAME?, #VALUE! and #N/A are not
//     produced; the message of #DIV/0! is not confirmed. Service: no; it
//     writes RAW (formulas people typed into a name stay text) and only
//     reads what people's formulas show.
//   - USER_ENTERED understands numbers, 1,234, 50%, TRUE/FALSE, a leading
//     apostrophe, "=" formulas and the en_US dates M/D/YYYY and YYYY-MM-DD
//     (with an optional time); not currencies, other locales or times alone.
//     A typed YYYY-MM-DD keeps that look, as at Google; M/D/YYYY and dates
//     with a time show as M/d/yyyy (H:mm:ss), not confirmed for the ISO
//     form with a time. Number display is plain (up to 10 decimals); date
//     patterns support the common tokens only. Service: yes, through the
//     tests: people's typed dates (SetCells) are read back FORMATTED_VALUE
//     and parsed by domain.ParseDate, which takes both forms.
//   - append finds the table as the last row with data in the range's
//     columns at or below its start, not Sheets' full table detection.
//     Service: no.
//   - Protected ranges, data validation and basic filters are stored and
//     returned but not enforced; row/column developer metadata is found by
//     search but not shown in grid data. Service: setup depends on them
//     being stored and returned (it finds its own by description, rule and
//     metadata); not on enforcement (its ranges are warnings only).
//   - Moving rows or columns: a range that only partly overlaps the moved
//     block keeps its other cells and stays one range (as if the block
//     were deleted, then inserted at the destination, widening a range it
//     lands inside); a destination inside the block is a no-op. Inserted
//     rows and columns are blank (inheritFromBefore is ignored). A chart
//     source whose cells are all deleted is dropped from its list (Google
//     may drop the series), and an anchor cell on a deleted row or column
//     goes to the first one after it. Named ranges, banding, filter views
//     and formulas' references are not moved (formulas keep their text).
//     addChart with newSheet puts the chart on the first sheet instead of
//     a new chart sheet. Service: yes, through setup's and the engine's
//     tests of people rearranging columns (whole-column moves only).
//   - A data filter that is a range (a1Range, gridRange) selects row and
//     column metadata on rows or columns it intersects and the metadata of
//     its sheet, never spreadsheet metadata. A lookup cannot select sheet
//     ID 0 alone. update/deleteDeveloperMetadata answer 400 only for a
//     lookup by a metadataId that does not exist; other filters that match
//     nothing give an empty list; changing a metadataId is refused.
//     Service: only lookups by metadataId.
//   - Grid data (includeGridData, or a fields mask naming sheets.data)
//     carries values, formats, validation and notes; no effectiveFormat,
//     hyperlinks or text runs. Service: setup reads data validation there.
//   - batchUpdate requests not listed above answer 400 saying the fake does
//     not implement them. Messages of errors Google words differently
//     from case to case (a move past the grid, a filter with no criterion)
//     are approximations. Service: no (it matches no message text).
//   - Colours are truncated to their 1/255 step; Google's one recorded
//     value (0.5 -> 127/255) cannot tell truncation from rounding half
//     down. Alpha is kept as sent. Service: yes; setup recognises its own
//     colours read back (sync/setup sameColor accepts either rounding).
//   - A new spreadsheet's defaultFormat leaves out its false booleans
//     (bold, italic, strikethrough, underline), which Google sends.
//     Service: no.
//   - Write replies count as recorded at Google (nulls not counted, rows
//     and columns that hold a written cell); how values.batchUpdate counts
//     rows written in two ranges is inferred from columns. Service: no (it
//     reads no counts).
//   - Unknown fields in `fields` masks are ignored rather than rejected.
//     Service: no.
//   - Error paths in messages use proto (snake_case) field names as Google
//     does, but type names in "Invalid value" messages are approximations.
//     Service: no.
//   - Quota answers carry no Retry-After (Sheets sends none either); calls
//     rejected by a fault or quota still count in Calls and CallsByBucket.
//     Service: its retry tests count calls this way.
//   - The same body validation is applied to Drive and Calendar; Google's
//     older Drive/Calendar front ends may be more lenient with unknown
//     fields. Service: no.
//
// # Drive and Calendar
//
// Drive v3: files.get (fields; alt=media for uploaded content; items in
// shared drives only with supportsAllDrives), files.list (q, strings in
// single or double quotes: 'ID' in
// parents, name = / != / contains, mimeType = / != / contains, trashed,
// starred, appProperties/properties has { key='k' and value='v' }, joined
// with and; pageSize/pageToken; orderBy name, createdTime, modifiedTime,
// folder; corpora user/drive/allDrives with driveId and
// includeItemsFromAllDrives), files.create/copy/update/delete (folders,
// Docs and Sheets by mimeType, appProperties and properties with null to
// remove a key, addParents/removeParents with Drive's one-parent rule,
// trashing a folder trashes its contents; uploads with uploadType=media,
// multipart and resumable, the latter answering X-GUploader-No-308 with
// 200 and X-Http-Status-Code-Override: 308), permissions.list/get/create/
// update/delete (roles reader, commenter, writer, fileOrganizer and
// organizer in shared drives, owner with transferOwnership; types user,
// group, domain, anyone; a grant the grantee already holds answers the
// existing permission; sendNotificationEmail and emailMessage recorded; in
// a shared drive only its organizer shares the drive, an organizer or
// fileOrganizer a folder, and a writer too a file, others get 403
// insufficientFilePermissions; an item of a shared drive lists what it
// inherits, with permissionDetails),
// drives.get/create, changes.getStartPageToken/list (each file once, in its
// latest state; nextPageToken or newStartPageToken; removed files), and
// files.watch/changes.watch/channels.stop. Without a fields parameter Drive
// answers its default fields (files: kind, id, name, mimeType). A file's
// version moves on every change and its modifiedTime on content changes,
// sheet edits included. Google Docs (docs.go): files.create and update
// with text/html media and the Docs type convert the upload, files.export
// to text/plain (with Google's leading byte order mark) or text/html,
// lastModifyingUser with me. Helpers: ServiceAccountEmail (the caller, owner of
// what it creates), AddSharedDrive, SetSharedDriveMember, EditFile (a user's edit), FileContent,
// EditDoc (a person's edit of a Doc), DocContent, Permissions, SharingEmails.
//
// Calendar v3: calendars.insert/get ("primary" is ServiceAccountEmail's),
// events.list (syncToken incremental sync with nextSyncToken on the last
// page, 410 fullSyncRequired for an invalidated or unknown token, 400 when
// syncToken is combined with timeMin, timeMax, iCalUID,
// privateExtendedProperty, sharedExtendedProperty, q, orderBy, updatedMin
// or showDeleted=false; showDeleted, timeMin/timeMax, iCalUID,
// privateExtendedProperty and sharedExtendedProperty key=value, q,
// updatedMin, singleEvents expanding RRULEs, orderBy startTime/updated,
// maxResults/pageToken), events.get/insert (client IDs of 5-1024 base32hex
// characters, 409 duplicate), patch (objects merged, arrays replaced),
// update, delete (status cancelled, still listed with showDeleted and in
// incremental sync; 410 "Resource has been deleted" the second time),
// sendUpdates all/externalOnly/none, attendees' responseStatus (needsAction
// at first, kept across edits), guestsCanSeeOtherGuests,
// conferenceDataVersion=1 with a hangoutsMeet createRequest (a
// meet.google.com conference with status success, the same for a retried
// requestId), supportsAttachments, extended properties, sequence (raised
// when time, place, title, description or status change), etag, updated,
// iCalUID, htmlLink, events.watch and channels.stop. Helpers: Invitations,
// RespondToInvite (an attendee's answer, seen by incremental sync),
// InvalidateSyncTokens, Events, SetCalendarUserDomains (who counts as a
// Google Calendar user for externalOnly), RequireDelegationForAttendees
// with DelegationHeader and DelegatedClientOptions (403
// forbiddenForServiceAccounts for events with attendees unless the request
// is delegated, as for a plain service account at Google).
//
// Push notifications: a channel gets a sync message when created, then
// update (X-Goog-Changed content, properties, parents or permissions),
// trash, untrash or remove for a watched file, change for changes channels
// and exists for calendar events, with X-Goog-Channel-ID, -Token,
// -Expiration, X-Goog-Resource-ID (the same for every channel on a
// resource), -URI, -State and X-Goog-Message-Number counting per channel.
// Messages are queued under the lock and POSTed in order by one goroutine,
// 5 s at most each, only to loopback addresses (watch requests naming
// another host get 400). Channels end at their expiration (files: an hour
// by default, a day at most; changes: a week at most), at channels.stop or
// with ExpireChannels. Helpers: Notifications, WaitForNotifications,
// ActiveChannels.
//
// # Where Drive and Calendar are knowingly simpler than Google
//
// Each item says whether the service depends on it today.
//
//   - There is one user, ServiceAccountEmail: no access checks beyond
//     supportsAllDrives, no capabilities, no sharing with the caller, no
//     "shared with me". Files in shared drives list no inherited
//     permissions; permission IDs are derived from the grantee. Protected
//     ranges list ServiceAccountEmail as their editor, as Google lists the
//     caller. Service: sharing (sync/drive) depends on permissions being
//     listed, created and deleted as asked, not on access checks.
//   - Drive's q language: only the terms above joined with and (no or,
//     not, parentheses, dates, fullText, sharedWithMe). A Google Doc or
//     other Google type created through Drive is a Drive file only (no
//     Docs API). Only text/html and text/plain uploads become a Google
//     Doc, kept as the HTML sent; export gives a Doc as text/plain or
//     text/html only; revisions are not implemented (docs.go lists what
//     else is simpler). Service: yes, sync/agenda uploads its agendas as
//     HTML and reads version, modifiedTime and lastModifyingUser.
//   - A duplicate permission grant moves the existing permission to the
//     role asked for; Google may refuse a downgrade. Error reasons for
//     organizer roles outside shared drives and for copying folders are
//     approximations. Service: no; sharing grants reader only to
//     addresses with no permission on the file yet (PlanSharing).
//   - changes.list reports file changes only (no changeType drive), and
//     every removal as removed=true. Service: no (unused today).
//   - Calendar has no ACLs, calendarList, free/busy, reminders logic, time
//     zone arithmetic beyond Go's tz database, or instances endpoints;
//     recurring events expand RRULE FREQ DAILY/WEEKLY/MONTHLY/YEARLY with
//     INTERVAL, COUNT, UNTIL, BYDAY and BYMONTHDAY, and EXDATE; changed or
//     cancelled single instances are not supported. Service: no calendar
//     code yet; meetings are single events, so the coming invitations
//     should not need more.
//   - Sync tokens never expire by themselves (use InvalidateSyncTokens);
//     every cancelled event stays listed (Google eventually drops them).
//     Service: not yet; incremental sync must still handle a 410.
//   - sendUpdates emails are recorded, not formatted; externalOnly decides
//     by email domain (SetCalendarUserDomains). Service: not yet.
//   - Channel IDs must be unique among live channels of the same API;
//     notifications carry no body and are not retried when the receiver
//     fails (the result is kept in Notification.StatusCode and Err).
//     Service: yes, its watch handlers are tested with these messages;
//     Google may also drop or repeat them, which the service treats as
//     hints (reconcile on a schedule).
package workspacetest
