# RDF::Endpoint (Debian librdf-endpoint-perl) over an in-memory RDF::Trine model loaded from the N-Quads file
# in $KKG_RDF_ENDPOINT_FILE, read-only, for the parity tests (test/support/rdf-endpoint.ts starts it with
# plackup). Debian's own endpoint.psgi needs Config::ZOMG (a Recommends) and allows updates; this one
# needs neither.
use strict;
use warnings;
use Plack::Request;
use RDF::Endpoint;
use RDF::Trine;

my $file = $ENV{KKG_RDF_ENDPOINT_FILE} or die "KKG_RDF_ENDPOINT_FILE is not set\n";
my $model = RDF::Trine::Model->new(RDF::Trine::Store::Memory->new());
open(my $fh, '<:encoding(UTF-8)', $file) or die "cannot read $file: $!\n";
RDF::Trine::Parser->new('nquads')->parse_file_into_model('http://example.org/', $fh, $model);
close $fh;
my $endpoint = RDF::Endpoint->new($model, {
  endpoint => { service_description => { default => 1, named_graphs => 1 }, load_data => 0, update => 0 },
});
print STDERR "loaded ", $model->size, " quads\n";

sub {
  my $env = shift;
  # Quirk: RDF::Endpoint 0.11 gzips a response through a pipe it writes before reading, which deadlocks for
  # bodies above the pipe buffer (64 KiB) whenever a client sends Accept-Encoding: gzip (Node's fetch does).
  delete $env->{HTTP_ACCEPT_ENCODING};
  return $endpoint->run(Plack::Request->new($env))->finalize;
};
