terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
    google = {
      source  = "hashicorp/google"
      version = "~> 6.50"
    }
  }
}
