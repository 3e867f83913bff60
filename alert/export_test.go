package alert

// CachedHistories is cachedHistories for the tests outside the package.
var CachedHistories = cachedHistories
