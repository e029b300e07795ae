package web

// TestSigner lets the external page tests make a signing key.
var TestSigner = testSigner
