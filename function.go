// Package coalitionsync provides the module's root package, which exists
// only for deployment: Google's Go buildpack for Cloud Run functions
// (Cloud Functions 2nd gen) builds the package at the root of the uploaded
// source, and fails with "unable to find Go package" when there is none.
//
// Importing package functions registers the Sync function with the
// Functions Framework in its init. The framework's own functions package is
// imported as well because the buildpack looks for that import among the
// root package's files to choose its generated main for functions
// registered by name (functions.HTTP) rather than for an exported function
// of this package.
//
// Importing this package registers a function and starts nothing: the
// clients are built on the first request, and only a Functions Framework
// server (started by the generated main in the cloud) serves requests.
// Deploy with (docs/deploy.md, step 7, explains each flag; the names are
// invented):
//
//	gcloud functions deploy coalition-sync --gen2 --runtime=go126 --region=us-central1 \
//	  --source=. --entry-point=Sync --trigger-http --allow-unauthenticated \
//	  --service-account=coalition-sync@invented-project.iam.gserviceaccount.com \
//	  --timeout=360s --env-vars-file=../coalition-env.yaml \
//	  --set-secrets=CHANNEL_TOKEN=coalition-channel-token:latest
//
// Where an organization policy refuses public access (allUsers), make it
// reachable with gcloud run services update coalition-sync
// --region=us-central1 --no-invoker-iam-check instead: Drive's
// notifications arrive unauthenticated, and the service checks every
// request itself.
package coalitionsync

import (
	// Signals the buildpack to use the declarative template (see above).
	_ "github.com/GoogleCloudPlatform/functions-framework-go/functions"

	// Registers the Sync function.
	_ "github.com/coalitionsync/coalitionsync/functions"
)
