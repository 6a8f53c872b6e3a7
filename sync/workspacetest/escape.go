package workspacetest

import "net/url"

func unescape(seg string) (string, error) { return url.PathUnescape(seg) }
