import Foundation
import Postgres
import Testing

/// A connection error never shows the password, whatever the URL's shape (issue 16: a malformed
/// URL, which libpq quotes back, printed it).
@Suite struct ConnectionSecretTests {
    @Test(arguments: [
        ("postgresql://u:S3cretPw@[::1/db", "S3cretPw"),
        ("postgresql://u:p@ss@S3cretPw@127.0.0.1:1/x", "p@ss@S3cretPw"),
        ("postgresql://u:S3cret%21Pw@127.0.0.1:1/x", "S3cret!Pw"),
        ("postgresql://u:S3cret%21Pw@127.0.0.1:1/x", "S3cret%21Pw"),
        ("host=127.0.0.1 port=1 user=u password=S3cretPw dbname=x", "S3cretPw"),
    ])
    func theErrorNeverShowsThePassword(url: String, password: String) {
        do {
            _ = try Connection(url: url)
            Issue.record("connected with \(url)")
        } catch let error as PostgresError {
            #expect(!error.description.contains(password))
            #expect(!error.debugDescription.contains(password))
        } catch {
            Issue.record("unexpected \(type(of: error))")
        }
    }
}
