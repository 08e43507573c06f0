#!/usr/bin/perl
# Parses an RDF file with Perl RDF::Trine (Debian librdf-trine-perl) and prints JSON
# {"statements": n, "graphs": n, "blank": n}: the statements it read (each quad once), the distinct named
# graphs, and the statements with a blank node. Usage: perl trine_count.pl FILE (nquads|ntriples|turtle)
use strict;
use warnings;
use RDF::Trine;
use RDF::Trine::Parser;

my ($file, $format) = @ARGV;
my $parser = RDF::Trine::Parser->new($format);
my ($n, $blank, %graphs, %seen) = (0, 0);
my $handler = sub {
  my $st = shift;
  my $key = $st->as_string;
  return if $seen{$key}++;
  $n++;
  $blank++ if grep { $_->is_blank } ($st->subject, $st->object);
  if ($st->isa('RDF::Trine::Statement::Quad') && !$st->context->is_nil) { $graphs{ $st->context->as_string } = 1 }
};
open(my $fh, '<:encoding(UTF-8)', $file) or die "$file: $!\n";
$parser->parse_file('http://example.org/base/', $fh, $handler);
printf "{\"statements\": %d, \"graphs\": %d, \"blank\": %d}\n", $n, scalar(keys %graphs), $blank;
